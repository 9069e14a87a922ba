"""PyTorch training-step timing for `d2ace bench backbones --torch-model <model.py>`.

Times the same step the benchmark times in tfjs (forward, backward, Adam with L2 weight decay,
batch of random inputs) for the MLP, built here with the same widths, and for the authors'
CLIF, imported from the model.py whose path is given (its folder must also hold the authors'
layers.py and util.py). Prints one JSON object: {"rows": [...], "notes": [...]}; a model it
cannot build is a note, not a failure. Threads: every core unless --threads.
"""
import argparse
import importlib.util
import json
import math
import os
import sys
import time
from pathlib import Path


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model-py", help="the authors' model.py (CLIF); without it only the MLP is timed")
    p.add_argument("--models", default="mlp,clif")
    p.add_argument("--shapes", required=True, help='JSON: {"yeast": [features, labels], ...}')
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--mlp-widths", default="256,256")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--threads", type=int, default=0, help="torch threads (default: every core)")
    return p.parse_args()


def mlp(torch, d, L, widths):
    layers, width = [], d
    for w in widths:
        layers += [torch.nn.Linear(width, w), torch.nn.LeakyReLU(0.1), torch.nn.Dropout(0.2)]
        width = w
    layers.append(torch.nn.Linear(width, L))
    model = torch.nn.Sequential(*layers)
    return model, lambda x: model(x)


def authors_clif(torch, model_py, d, L):
    folder = str(Path(model_py).resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("authors_model", model_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    configs = {"seed": 0, "num_classes": L, "num_layers": 2, "class_emb_size": L,
               "hidden_list": [math.ceil(L / 2)], "input_x_size": d, "in_layers": 3}
    model = module.CLIFModel(configs)
    return model, lambda x: model(x)[0]


def time_steps(torch, model, forward, d, L, args):
    torch.manual_seed(0)
    x = torch.rand(args.batch, d)
    y = (torch.rand(args.batch, L) < 0.1).float()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, weight_decay=1e-4)
    model.train()

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(forward(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    return (time.perf_counter() - start) * 1000 / args.steps


def main():
    args = parse_args()
    try:
        import torch
    except ImportError as error:
        print(json.dumps({"rows": [], "notes": [f"pytorch: skipped, python3 cannot import torch ({error}); Debian: apt install python3-torch"]}))
        return
    torch.set_num_threads(args.threads if args.threads > 0 else (os.cpu_count() or 1))
    rows, notes = [], []
    widths = [int(w) for w in args.mlp_widths.split(",") if w]
    for shape, (d, L) in json.loads(args.shapes).items():
        for kind in args.models.split(","):
            try:
                if kind == "mlp":
                    model, forward = mlp(torch, d, L, widths)
                elif args.model_py and Path(args.model_py).is_file():
                    model, forward = authors_clif(torch, args.model_py, d, L)
                else:
                    notes.append(f"pytorch clif on {shape}: skipped, the authors' model.py was not given or is not a file ({args.model_py})")
                    continue
                ms = time_steps(torch, model, forward, d, L, args)
            except Exception as error:  # a model that does not build is reported, the rest still run
                notes.append(f"pytorch {kind} on {shape}: failed: {type(error).__name__}: {error}")
                continue
            parameters = sum(p.numel() for p in model.parameters() if p.requires_grad)
            rows.append({"model": kind, "shape": shape, "parameters": parameters, "msPerStep": round(ms, 2)})
    notes.append(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads" + ("; CLIF is the authors' class, width 768 as they fix it" if args.model_py else ""))
    print(json.dumps({"rows": rows, "notes": notes}))


if __name__ == "__main__":
    main()
