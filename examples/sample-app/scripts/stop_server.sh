#!/bin/bash
# ApplicationStop: stop the web server this host started, if it runs. Runs the previous
# revision's copy of this script, from the host's directory (the agent's working directory).
set -eo pipefail
echo "Running ApplicationStop hook..."
if [ -f run/http.pid ] && kill -0 "$(cat run/http.pid)" 2>/dev/null; then
  pid=$(cat run/http.pid)
  echo "Stopping the web server (pid ${pid})..."
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
else
  echo "The web server is already stopped."
fi
rm -f run/http.pid
exit 0
