# kedacore/keda's Dockerfile, final stage: the operator on distroless static:nonroot (a local
# stand-in here); the binary is built from the Go module by packages/cluster/src/planos-de-control.
FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY keda .
# 65532 is numeric for nonroot
USER 65532:65532

ENTRYPOINT ["/keda", "--zap-log-level=info", "--zap-encoder=console"]
