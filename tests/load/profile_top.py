"""The functions where a py-spy profile's time goes (self and with callees), from collapsed stacks.

    .venv/bin/python -m tests.load.profile_top PROFILE.txt [--top 30] [--match TEXT]

`--match` keeps only the samples whose stack contains TEXT (e.g. `_handle_connect`).
"""

import argparse
import collections


def read_samples(path, match=None):
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if stack and count.isdigit() and (match is None or match in stack):
                yield stack.split(";"), int(count)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--match", default=None)
    args = parser.parse_args()
    own, inclusive, total = collections.Counter(), collections.Counter(), 0
    for frames, count in read_samples(args.profile, args.match):
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    if not total:
        print("no samples")
        return
    for title, counter in (("self", own), ("with callees", inclusive)):
        print(f"\n{title} ({total} samples)")
        for frame, count in counter.most_common(args.top):
            print(f"  {100 * count / total:5.1f}%  {frame[:150]}")


if __name__ == "__main__":
    main()
