"""The stages of the request path, in the order a request meets them.

This tuple is the one place the order is written: `service.GenerationService.handle` runs the
stages in it, each opens a span of this name, and the audit record's `stage_ms`, the stage
histogram and `tracing.STAGES` use the same names. Each scanner also opens `scan.<name>` inside
`output_guard`.

| stage | module | may touch |
| --- | --- | --- |
| auth | `prepare.py` `check` (`gateway/auth`) | the key store (read) |
| policy | `prepare.py` `check` (`gateway/policy`) | the compiled policies (read); the body decoded and validated |
| admission | `service.py` (`gateway/limits`) | the limiter (reserves, from the body's sizes: no prompt work yet) |
| input_guard | `prepare.py` `screen` (`gateway/policy`) | the prompt texts (redacts) |
| upstream | `reader.py`, `service.py` (`gateway/routing`) | the runtime (one call, repairs too) |
| output_guard | `review.py`, `repair.py` (`gateway/guard`, `gateway/scanning`) | the answer (judges, redacts) |
| audit_write | `record.py` (`gateway/audit`) | the audit store (appends one record, built by `build_record`) |

Each stage returns a typed result (`results.py`) into the request's `Ledger`; the record is built
from them once, with the request's `Outcome`.

Admission comes before the input guard: a caller over its limits is refused (429) before its
prompt is read, and a refused prompt still counts against its caller's request rate (its
reserved tokens are given back when it ends).
"""

from __future__ import annotations

# Stage calls name their stage literally (`trace.stage("auth")`): tests/telemetry/test_stage_names.py
# reads them from the code and checks them against this tuple.
STAGES: tuple[str, ...] = ("auth", "policy", "admission", "input_guard", "upstream", "output_guard", "audit_write")
