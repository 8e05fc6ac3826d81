# termlens: one image for the CLI (batch, status, export, …) and the queue workers.
#
#   docker build -t termlens .
#   docker compose up -d --scale worker=4        (see docker-compose.yml)
#
# Nothing is fetched at run time: OCR traineddata comes from the @tesseract.js-data npm
# packages and the segmenter's dictionaries from nodejieba, both installed here.

# Supported Node.js lines: 22 and 24 (LTS). `docker build --build-arg NODE_VERSION=22 .` for 22.
ARG NODE_VERSION=24

# ── dependencies, with the tool chain the native modules need ──────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim AS deps
# nodejieba is always compiled (node-gyp); better-sqlite3 falls back to compiling when no
# prebuilt binary can be had. Neither the compilers nor their caches reach the final image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Applied by the postinstall script (patch-package), which then compiles nodejieba again.
COPY patches ./patches
# tsx is a runtime dependency (the sources run as TypeScript, no build step); dev tools are not.
# onnxruntime-node's install script only fetches CUDA libraries from nuget.org: npm 11 refuses it
# (package.json's allowScripts), npm 10 (Node 22's) needs this variable to skip it.
ENV ONNXRUNTIME_NODE_INSTALL=skip
RUN npm ci --omit=dev && npm cache clean --force

# ── runtime ────────────────────────────────────────────────────────────────────────────────
FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    TERMLENS_DATA_DIR=/data \
    TERMLENS_CACHE_DIR=/app/.cache/termlens \
    # Part of a queue worker's launch line (src/util/worker-launch.js; docker-compose.yml adds
    # its V8 flags): glibc's per-thread malloc arenas cost tens of MB per OCR thread for nothing.
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY glossary ./glossary
# The data dir (SQLite file, blob store) is a volume; the OCR cache is prepared on first use.
RUN mkdir -p /data /app/.cache/termlens && chown -R node:node /data /app/.cache
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/termlens.js"]
CMD ["--help"]
