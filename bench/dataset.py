"""Chain-scale data for the benchmarks: the bulk generator lives in pos.services.admin.bulk_demo
(`pos init --demo --members N` uses it too); this module keeps bench/run.py's imports working."""

from pos.services.admin.bulk_demo import generate, phone_of

__all__ = ["generate", "phone_of"]
