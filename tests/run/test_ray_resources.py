"""How many Ray actors start and the share of a GPU each asks for, from the nodes' resources (no Ray
needed: the resources are plain dicts here)."""

from __future__ import annotations

from storyfuse.run.ray_executor import actor_resources


def test_without_gpus_one_actor_per_cpu_asks_for_none() -> None:
    assert actor_resources([{"CPU": 4.0}, {"CPU": 2.0}], 0.25) == (6, 0.0)
    assert actor_resources([{"CPU": 4.0}], 0.25, workers=2) == (2, 0.0)


def test_with_gpus_each_actor_asks_for_its_share_and_only_those_that_fit_start() -> None:
    assert actor_resources([{"CPU": 2.0, "GPU": 1.0}], 0.25) == (2, 0.25)
    # one GPU holds 4 actors at a quarter each: the node's other 4 CPUs and the GPU-less node get none
    assert actor_resources([{"CPU": 8.0, "GPU": 1.0}, {"CPU": 8.0}], 0.25) == (4, 0.25)
    assert actor_resources([{"CPU": 8.0, "GPU": 2.0}, {"CPU": 2.0, "GPU": 1.0}], 0.5) == (6, 0.5)


def test_a_share_of_zero_never_asks_for_a_gpu() -> None:
    assert actor_resources([{"CPU": 2.0, "GPU": 1.0}], 0.0) == (2, 0.0)
