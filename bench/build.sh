# Sourced by the bench scripts: packages the jar when missing (or BENCH_REBUILD=1), compiles the
# tests, and sets CP to the bench classpath (the tests and the sandbox, the app and its dependencies
# as the package step lays them out, and the sandbox's SSH server library). Offline by default when ~/.m2 is warm;
# MVN_OFFLINE= (empty) on a machine whose ~/.m2 is cold.
MVN="mvn -B ${MVN_OFFLINE--o} -q -Dstyle.color=never"
JAR=target/quarkus-app/quarkus-run.jar

if [[ ! -f "$JAR" || "${BENCH_REBUILD:-}" == "1" ]]; then
  echo "building $JAR ..."
  $MVN package -DskipTests
fi
echo "compiling tests ..."
$MVN test-compile

# the sandbox (src/sandbox) is test code of the production build: its classes are in target/test-classes,
# and its SSH server library is a test dependency, not in target/quarkus-app/lib/main
$MVN org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -DincludeScope=test \
  -DincludeGroupIds=org.apache.sshd -Dmdep.outputFile=target/bench-sandbox-classpath.txt
CP="target/test-classes:target/classes:target/quarkus-app/lib/main/*:$(cat target/bench-sandbox-classpath.txt)"
