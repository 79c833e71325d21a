"""The request path of `/v1/chat/completions` and `/v1/completions`, one stage per module.

`stages.STAGES` is the one place the order is written; `service.GenerationService.handle` runs
it. Nothing is imported here, so `gateway.pipeline.stages` can be read by telemetry without
pulling the pipeline in.
"""
