import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The app is served by `quizflow serve` under /app/ and calls the API under /api/ on the same
// origin. `npm run dev` proxies /api to a server started with `make run`.
const api = process.env.QUIZFLOW_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/app/",
  plugins: [react()],
  // The manifest lets scripts/check-bundle.mjs follow each studio page's static imports.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022", manifest: true },
  server: { proxy: { "/api": api } },
});
