#!/bin/bash
# ValidateService: poll the health URL until it answers 200, with retries.
set -eo pipefail
HEALTH_CHECK_URL="http://127.0.0.1:$(cat sample-app.port)/health.html"
MAX_ATTEMPTS=20
DELAY_SECONDS=0.25
echo "Running ValidateService hook..."
echo "Polling health check endpoint: ${HEALTH_CHECK_URL}"
for ((attempt=1; attempt<=MAX_ATTEMPTS; attempt++)); do
  HTTP_STATUS=$(curl -s -o /dev/null -w "%{http_code}" --connect-timeout 2 "${HEALTH_CHECK_URL}" || true)
  if [ "$HTTP_STATUS" = "200" ]; then
    echo "Health check passed with HTTP status 200 (attempt ${attempt})."
    exit 0
  fi
  echo "Attempt ${attempt} of ${MAX_ATTEMPTS}: HTTP status ${HTTP_STATUS}."
  sleep "$DELAY_SECONDS"
done
echo "Error: service validation failed after ${MAX_ATTEMPTS} attempts."
exit 1
