# kedacore/keda's Dockerfile.adapter, final stage: the metrics API server on distroless
# static:nonroot (a local stand-in here).
FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY keda-adapter .
# 65532 is numeric for nonroot
USER 65532:65532

ENTRYPOINT ["/keda-adapter", "--secure-port=6443", "--zap-log-level=info", "--zap-encoder=console"]
