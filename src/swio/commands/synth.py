"""``swio synth``."""

from __future__ import annotations

import click

from .progress import progress


@click.command()
@click.option("--scale", type=int, default=10_000, show_default=True, help="About how many triples to generate.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed: same seed, same bytes.")
@click.option(
    "--violations",
    type=int,
    default=0,
    show_default=True,
    help="Seed this many violations of each kind (listed in ground-truth.json).",
)
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help="Folder for synth.ttl and ground-truth.json."
)
def synth(scale, seed, violations, out):
    """Generate a deterministic national-scale synthetic graph for benchmarks and tests."""
    from ..synth import generate

    with progress("synth") as shown:
        result = generate(out, scale=scale, seed=seed, violations=violations, progress=shown)
    click.echo(
        f"wrote {result.path} ({result.triples} triples, {result.districts} districts) "
        f"and {result.ground_truth} ({len(result.expected)} expected results)"
    )
