# Sourced by the bench scripts: packages the jar when missing (or BENCH_REBUILD=1), compiles the
# tests, and sets CP to the bench classpath (the tests, the app and its dependencies as the package
# step lays them out, so no extra Maven plugin is needed). Offline by default when ~/.m2 is warm;
# MVN_OFFLINE= (empty) on a machine whose ~/.m2 is cold.
MVN="mvn -B ${MVN_OFFLINE--o} -q -Dstyle.color=never"
JAR=target/quarkus-app/quarkus-run.jar

if [[ ! -f "$JAR" || "${BENCH_REBUILD:-}" == "1" ]]; then
  echo "building $JAR ..."
  $MVN package -DskipTests
fi
echo "compiling tests ..."
$MVN test-compile

CP="target/test-classes:target/classes:target/quarkus-app/lib/main/*"
