import path from "node:path";
import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(self), display-capture=(self)" },
];

const nextConfig: NextConfig = {
  // Database drivers and native-ish packages stay outside the bundle so the custom
  // server (server/index.ts) and the Next.js handler share one instance of each.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@neondatabase/serverless",
    "ws",
    "socket.io",
    "qrcode",
    "mediasoup",
    "rate-limiter-flexible",
    "redis",
  ],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole tree (app, server, tests, bench) as its own
  // step of `npm test`; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: "12mb" },
  },
  headers: () => Promise.resolve([{ source: "/:path*", headers: securityHeaders }]),
  // the image viewer's Cornerstone3D packages: the codecs' Node-only imports have no browser
  // module, and the tools' segmentation worker (unused) would make a worker import cycle
  turbopack: {
    resolveAlias: {
      fs: { browser: "./app/lib/empty-module.ts" },
      path: { browser: "./app/lib/empty-module.ts" },
    },
    rules: {
      "*registerComputeWorker.js": {
        loaders: [path.join(process.cwd(), "scripts/cornerstone-no-compute-worker.cjs")],
        as: "*.js",
      },
    },
  },
};

export default nextConfig;
