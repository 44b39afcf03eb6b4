# storybot in a container: docker build -t storybot .   (or docker compose, see compose.yaml)
#
# Everything the bot keeps (catalog, server state, logs, a .env of its own) lives in the data
# home, the volume /data (STORYBOT_HOME). Your story files: mount them read-only and ingest
# them once, e.g. docker run --rm -v storybot-home:/data -v "$PWD/stories:/stories:ro"
# storybot storybot ingest /stories

# Build the wheels once: the project's (with the fandom knowledge and sample stories as
# package data) and its dependencies'. The image that runs needs no compiler and no network.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY data ./data
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STORYBOT_HOME=/data
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index /wheels/*.whl
# A user of its own, without a login shell; it owns only the data home. USER is numeric so a
# host or orchestrator can tell it is not root (Kubernetes' runAsNonRoot checks the number).
RUN groupadd --system --gid 10001 storybot \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /data \
        --shell /usr/sbin/nologin storybot \
    && mkdir /data && chown 10001:10001 /data
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# Healthy while the bot writes a fresh heartbeat saying it is connected to Discord (every
# 30 s, and at once when the gateway drops); the first start may build the sample catalog.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["storybot", "health"]
# SIGINT stops every mode cleanly (the gateway and the state database closed; also the console
# and a sample build, which install no SIGTERM handler: as PID 1 they would ignore SIGTERM).
STOPSIGNAL SIGINT
CMD ["storybot", "run"]
