# kedacore/keda's Dockerfile.webhooks, final stage: the admission webhooks on distroless
# static:nonroot (a local stand-in here).
FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY keda-admission-webhooks .
# 65532 is numeric for nonroot
USER 65532:65532

ENTRYPOINT ["/keda-admission-webhooks", "--zap-log-level=info", "--zap-encoder=console"]
