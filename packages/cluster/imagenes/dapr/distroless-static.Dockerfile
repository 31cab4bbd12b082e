# Local stand-in for gcr.io/distroless/static:nonroot, the base of the official Dapr and KEDA
# images, which cannot be pulled here: no shell, no package manager, CA certificates, time zones,
# /tmp, and the nonroot user 65532 the charts' runAsNonRoot expects. Users with a registry pull the
# real one. Built by packages/cluster/src/planos-de-control (context: raiz/ and nonroot/ generated there).
FROM scratch
COPY raiz/ /
COPY --chown=65532:65532 nonroot/ /home/nonroot/
ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
LABEL org.opencontainers.image.description="local stand-in for gcr.io/distroless/static:nonroot"
USER 65532:65532
WORKDIR /home/nonroot
