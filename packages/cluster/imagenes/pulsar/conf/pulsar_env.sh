# Defaults of the JVM options, as in the official conf/pulsar_env.sh; each one yields to the
# variable of the same name in the environment (the chart sets PULSAR_MEM).
PULSAR_MEM=${PULSAR_MEM:-"-Xms2g -Xmx2g -XX:MaxDirectMemorySize=4g"}
PULSAR_GC=${PULSAR_GC:-"-XX:+UseG1GC -XX:MaxGCPauseMillis=10 -XX:+ParallelRefProcEnabled -XX:+DisableExplicitGC"}
PULSAR_LOG_DIR=${PULSAR_LOG_DIR:-"$PULSAR_HOME/logs"}
PULSAR_GC_LOG_DIR=${PULSAR_GC_LOG_DIR:-"$PULSAR_LOG_DIR"}
PULSAR_GC_LOG=${PULSAR_GC_LOG:-"-Xlog:async -Xlog:gc*,safepoint:$PULSAR_GC_LOG_DIR/pulsar_gc_%p.log:time,uptime,tags:filecount=10,filesize=20M"}
PULSAR_EXTRA_OPTS=${PULSAR_EXTRA_OPTS:-"-Dpulsar.allocator.exit_on_oom=true -Dio.netty.recycler.maxCapacityPerThread=4096"}
