"""The stages of the request path, in the order a request meets them.

This tuple is the one place the order is written: `service.GenerationService.handle` runs the
stages in it, each opens a span of this name, and the audit record's `stage_ms`, the stage
histogram and `tracing.STAGES` use the same names. Each scanner also opens `scan.<name>` inside
`output_guard`.

| stage | module | may touch |
| --- | --- | --- |
| auth | `prepare.py` (`gateway/auth`) | the key store (read) |
| policy | `prepare.py` (`gateway/policy`) | the compiled policies (read) |
| input_guard | `prepare.py` (`gateway/policy`) | the prompt texts (redacts) |
| admission | `service.py` (`gateway/limits`) | the limiter (reserves) |
| upstream | `reader.py`, `service.py` (`gateway/routing`) | the runtime (one call, repairs too) |
| output_guard | `review.py`, `repair.py` (`gateway/guard`, `gateway/scanning`) | the answer (judges, redacts) |
| audit_write | `record.py` (`gateway/audit`) | the audit store (appends one record, built by `build_record`) |

Each stage returns a typed result (`results.py`) into the request's `Ledger`; the record is built
from them once, with the request's `Outcome`.
"""

from __future__ import annotations

# Stage calls name their stage literally (`trace.stage("auth")`): tests/telemetry/test_stage_names.py
# reads them from the code and checks them against this tuple.
STAGES: tuple[str, ...] = ("auth", "policy", "input_guard", "admission", "upstream", "output_guard", "audit_write")
