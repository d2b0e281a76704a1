import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is served by `quizflow serve` under /app/; the API stays at the root of the same
// origin. `npm run dev` proxies the API to a server started with `make run`.
const api = process.env.QUIZFLOW_API ?? "http://127.0.0.1:8000";
const apiPaths = ["/auth", "/me", "/catalog", "/attempts", "/scenarios", "/health"];

export default defineConfig({
  base: "/app/",
  plugins: [react()],
  // The manifest lets scripts/check-bundle.mjs follow each studio page's static imports.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022", manifest: true },
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
});
