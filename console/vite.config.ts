/// <reference types="vitest/config" />
// Builds the console into dist/, which the API serves at /console/ (CAREPACK_CONSOLE_DIR).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.CAREPACK_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/console/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 1200 },
  // `make console-dev`: hot reload here, the API of a running `carepack serve` behind it.
  server: { port: 5173, proxy: { "/api": api, "/schema": api, "/health": api } },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
    testTimeout: 20_000,
  },
});
