import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { makeApi, worthRetrying } from "./api/client";
import { ApiProvider } from "./api/context";
import { restoreFragment } from "./features/auth/returningFragment";
import "./styles.css";

restoreFragment(); // before the router reads the address
const queries = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: worthRetrying } },
});
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ApiProvider api={makeApi()}>
        <QueryClientProvider client={queries}>
          <App />
        </QueryClientProvider>
      </ApiProvider>
    </StrictMode>,
  );
}
