#!/usr/bin/env bash
# Reproduces model-serving/RESULTS.md: one synthetic world, FAA and the Self-Lifting
# baseline on several training seeds, each ablation, and the ceiling; then the summary.
# Usage: model-serving/experiments/results.sh OUT_DIR [WORLD_SEED] [SEEDS] [ABLATION_SEEDS]
# (ABLATION_SEEDS defaults to SEEDS; "" runs no ablations). A dataset already in OUT_DIR/world
# is used as it is: e.g. features imported there with bin/faa import-voxceleb (WORLD_SEED is
# then ignored, and the ceiling, which needs a synthetic world's latents, is left out).
# FAA and SL evaluations also write every trial's score, and each seed's FAA − SL is set
# against the test trials' noise with bin/faa compare (OUT_DIR/compare-seedN.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:?output folder}"; world_seed="${2:-1}"; seeds="${3:-1 2 3}"; ablation_seeds="${4-$seeds}"
faa="${FAA_CMD:-bin/faa}" # FAA_CMD: another launcher (e.g. a dry run that prints the commands)
mkdir -p "$out"
[[ -f "$out/world/dataset.json" ]] || $faa synth --out "$out/world" --seed "$world_seed"
if [[ -f "$out/world/latents.f32" ]]; then
  $faa eval --data "$out/world" --scorer ceiling --json "$out/ceiling/seed0/eval.json"
fi
$faa eval --data "$out/world" --scorer linear --json "$out/linear/seed0/eval.json"
run() { # name seed scorer train-args...
  local name="$1" seed="$2" scorer="$3"; shift 3
  local dir="$out/$name/seed$seed" scores=()
  [[ "$name" == faa || "$name" == sl ]] && scores=(--scores "$dir/scores.csv.gz")
  [[ -f "$dir/model/model.json" ]] || { $faa train --data "$out/world" --seed "$seed" --out "$dir/model" "$@" \
      2> >(tr '\r' '\n' > "$dir.train.log") ; }
  $faa eval --data "$out/world" --model "$dir/model" --scorer "$scorer" --json "$dir/eval.json" "${scores[@]}"
}
mkdir -p "$out"/{faa,sl,faa-cosine,faa-refit,no-hardneg,no-diversepos,no-progressive,no-lrskip,no-inputs,no-transformer}
for s in $seeds; do
  run sl "$s" cosine --method sl
  run faa "$s" fusion --method faa
  # the same model's cosine is the "no fusion" ablation (--ablate fusion trains exactly the aligned encoders)
  mkdir -p "$out/faa-cosine/seed$s"; $faa eval --data "$out/world" --model "$out/faa/seed$s/model" --scorer cosine --json "$out/faa-cosine/seed$s/eval.json"
  $faa compare --a "$out/faa/seed$s/scores.csv.gz" --b "$out/sl/seed$s/scores.csv.gz" \
      --json "$out/compare-seed$s.json" > "$out/compare-seed$s.md"
done
# Ablations of the fusion side train the fusion phase alone on the FAA model's own aligned
# encoders (--aligned-from), so that they differ from it in the ablated part only;
# faa-refit is that fusion phase with nothing ablated: its spread against faa is the noise
# of the fusion phase itself. Progressive clustering is part of the alignment: full runs.
for s in $ablation_seeds; do
  aligned=(--method faa --aligned-from "$out/faa/seed$s/model")
  run faa-refit "$s" fusion "${aligned[@]}"
  run no-hardneg "$s" fusion "${aligned[@]}" --ablate hardneg
  run no-diversepos "$s" fusion "${aligned[@]}" --ablate diversepos
  run no-lrskip "$s" fusion "${aligned[@]}" --ablate lrskip
  run no-inputs "$s" fusion "${aligned[@]}" --ablate inputs
  # the skip path alone: fitted and kept, the transformer never trained (its head stays at zero)
  run no-transformer "$s" fusion "${aligned[@]}" --fuse-epochs 0
  run no-progressive "$s" fusion --method faa --ablate progressive
done
$faa summarize --results "$out" | tee "$out/summary.md"
