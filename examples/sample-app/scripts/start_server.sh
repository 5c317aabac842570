#!/bin/bash
# ApplicationStart: serve www/ with python3 -m http.server on this host's port (the file
# sample-app.port in the host's directory), detached in its own session, its pid in run/http.pid.
set -eo pipefail
echo "Running ApplicationStart hook..."
port=$(cat sample-app.port)
mkdir -p run logs
setsid python3 -m http.server "$port" --bind 127.0.0.1 --directory www > logs/http.log 2>&1 < /dev/null &
echo $! > run/http.pid
echo "Web server started on port ${port} (pid $(cat run/http.pid))."
exit 0
