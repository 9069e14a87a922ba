#!/bin/bash
# Queues the shards as one array job and the report as a job that starts when all of them
# succeeded (afterok). Run from the project folder: D2ACE_DATA_DIR=/data/mulan examples/slurm/submit.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p logs
array=$(sbatch --parsable --export=ALL examples/slurm/shard.sbatch)
report=$(sbatch --parsable --export=ALL --dependency="afterok:${array%%;*}" examples/slurm/report.sbatch)
echo "shards: job $array; report: job $report (after every shard succeeded)"
