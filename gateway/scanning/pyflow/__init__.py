"""Python dataflow for web handlers: request data followed into sinks, look-alikes told apart.

Modules: `values` (the abstract values), `library` (what library calls do: sources, sanitizers,
propagators, sinks), `interp` (the interpreter over a module's AST), `categories` (rule ids and
CWEs), `report` and `scanner` (the `PyflowScanner` the engine runs). docs/scanning.md, section
"Python dataflow (pyflow)", says what is modelled and what is not.
"""

from gateway.scanning.pyflow.scanner import CLEARED_RULE, PyflowScanner, analyze, findings_of

__all__ = ["CLEARED_RULE", "PyflowScanner", "analyze", "findings_of"]
