#!/bin/sh
# make demo: placeholder until the builder lands.
echo "relgraph demo: the sample corpus demo arrives with the builder."
"$RELGRAPH" --version
