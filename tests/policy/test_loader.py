"""Loading a policy directory: extends chains, merge semantics, versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.policy import PolicyError, load_policy_file, load_policy_set
from gateway.policy.types import Policy

BASE = """
    description: base
    models:
      allowed: [a-*, b]
      max_tokens: 1000
    output:
      rules:
        - {name: r1, min_severity: high, action: block}
        - {name: r2, min_severity: low, action: annotate}
    """


def rule_names(policy) -> list[str]:
    return [r.name for r in policy.policy.output.rules]


def test_empty_default_gets_builtin_defaults(policy_dir):
    policies = load_policy_set(policy_dir(""))
    assert policies.default.policy == Policy()
    assert policies.tenants == {}


def test_tenant_without_file_gets_default(policy_dir):
    policies = load_policy_set(policy_dir(BASE, {"acme": "description: acme\n"}))
    assert policies.for_tenant("nobody") is policies.default
    assert policies.for_tenant("acme").policy.description == "acme"


def test_maps_merge_and_scalars_and_lists_replace(policy_dir):
    tenant = """
        models:
          max_tokens: 50
        output:
          rules:
            - {name: only, action: repair}
        """
    policy = load_policy_set(policy_dir(BASE, {"t": tenant})).for_tenant("t")
    assert policy.policy.models.max_tokens == 50
    assert policy.policy.models.allowed == ["a-*", "b"]  # sibling key kept: maps merge
    assert rule_names(policy) == ["only"]  # lists replace
    assert policy.policy.description == "base"


def test_append_and_prepend_lists(policy_dir):
    tenant = """
        output:
          rules+:
            - {name: last, action: annotate}
          +rules:
            - {name: first, action: block}
        models:
          allowed+: [c]
        """
    policy = load_policy_set(policy_dir(BASE, {"t": tenant})).for_tenant("t")
    assert rule_names(policy) == ["first", "r1", "r2", "last"]
    assert policy.policy.models.allowed == ["a-*", "b", "c"]


def test_append_onto_builtin_default_list(policy_dir):
    policy = load_policy_set(policy_dir("models:\n  allowed_parameters+: [logit_bias]\n")).default
    assert policy.policy.models.allowed_parameters[-1] == "logit_bias"
    assert "temperature" in policy.policy.models.allowed_parameters


def test_chained_extends(policy_dir):
    root = policy_dir(
        BASE,
        {
            "parent": "extends: default\nmodels: {max_tokens: 200}\n"
            "output: {rules+: [{name: p, action: repair}]}\n",
            "child": "extends: parent\noutput: {rules+: [{name: c, action: allow}]}\n",
        },
    )
    policy = load_policy_set(root).for_tenant("child")
    assert policy.policy.models.max_tokens == 200
    assert rule_names(policy) == ["r1", "r2", "p", "c"]
    assert [p.name for p in policy.sources] == ["default.yaml", "parent.yaml", "child.yaml"]


def test_tenant_extends_default_implicitly_and_null_opts_out(policy_dir):
    root = policy_dir(BASE, {"implicit": "description: i\n", "bare": "extends: null\n"})
    policies = load_policy_set(root)
    assert rule_names(policies.for_tenant("implicit")) == ["r1", "r2"]
    assert policies.for_tenant("bare").policy == Policy()


def test_extends_relative_path(policy_dir):
    root = policy_dir(
        "",
        {"t": "extends: ../shared/strict.yaml\n"},
        files={"shared/strict.yaml": "extends: null\nmodels: {max_n: 3}\n"},
    )
    assert load_policy_set(root).for_tenant("t").policy.models.max_n == 3


def test_extends_cycle_is_reported(policy_dir):
    root = policy_dir("", {"a": "extends: b\n", "b": "\nextends: a\n"})
    with pytest.raises(PolicyError) as err:
        load_policy_set(root)
    message = str(err.value)
    assert "extends cycle: a.yaml -> b.yaml -> a.yaml" in message
    assert "b.yaml:2:1: field extends" in message


def test_self_extends_is_a_cycle(policy_dir):
    with pytest.raises(PolicyError, match="extends cycle"):
        load_policy_set(policy_dir("", {"a": "extends: a\n"}))


def test_extends_unknown_policy(policy_dir):
    with pytest.raises(PolicyError) as err:
        load_policy_set(policy_dir("", {"a": "description: x\nextends: nope\n"}))
    assert "a.yaml:2:1: field extends: extends 'nope': no such policy" in str(err.value)


def test_version_is_content_hash_of_effective_policy(policy_dir):
    root = policy_dir(BASE, {"same": "description: base\n", "other": "description: other\n"})
    policies = load_policy_set(root)
    assert len(policies.default.version) == 64
    # Same effective policy, different files: same version.
    assert policies.for_tenant("same").version == policies.default.version
    assert policies.for_tenant("other").version != policies.default.version
    # Comments and key order do not change the version.
    reordered = (
        "# comment\noutput:\n  rules:\n    - {action: block, name: r1, min_severity: high}\n"
        "    - {name: r2, min_severity: low, action: annotate}\nmodels:\n  max_tokens: 1000\n"
        "  allowed: [a-*, b]\ndescription: base\n"
    )
    assert load_policy_set(policy_dir(reordered)).default.version == policies.default.version


def test_set_version_changes_with_any_tenant(policy_dir):
    first = load_policy_set(policy_dir(BASE, {"t": "description: one\n"})).version
    second = load_policy_set(policy_dir(BASE, {"t": "description: two\n"})).version
    assert first != second


def test_load_policy_file_resolves_in_its_directory(policy_dir):
    root = policy_dir(BASE, {"t": "models: {max_tokens: 7}\n"})
    policy = load_policy_file(root / "tenants" / "t.yaml")
    assert policy.policy.models.max_tokens == 7
    assert rule_names(policy) == ["r1", "r2"]


def test_shipped_policies_load():
    policies = load_policy_set(Path(__file__).resolve().parents[2] / "policies")
    assert set(policies.tenants) >= {"acme", "lab"}
    assert policies.for_tenant("lab").shadow
    acme = policies.for_tenant("acme")
    assert rule_names(acme)[0] == "acme-block-any-injection"
    assert rule_names(acme)[1:] == rule_names(policies.default)
    default = policies.default.policy
    assert default.input.secrets == "redact"
    assert (default.on_error, default.streaming.mode, default.audit.store, default.audit.retention_days) == (
        "block",
        "holdback",
        "redacted",
        365,
    )
    assert default.output.repair.max_attempts == 2


def test_compiled_once_per_version(policy_dir):
    root = policy_dir(BASE, {"same": "description: base\n", "other": "description: other\n"})
    first = load_policy_set(root)
    same, default = first.for_tenant("same"), first.default
    assert same._output is default._output and same._input is default._input
    assert first.for_tenant("other")._output is not default._output
    # A reload of unchanged files reuses the compiled matchers.
    assert load_policy_set(root).default._output is default._output


def test_shown_policy_round_trips_to_the_same_version(policy_dir, tmp_path):
    import yaml

    from gateway.policy.cli import render_policy

    policies = load_policy_set(Path(__file__).resolve().parents[2] / "policies")
    acme = policies.for_tenant("acme")
    again = policy_dir(render_policy(acme))  # `show` output as a stand-alone default.yaml
    assert load_policy_set(again).default.version == acme.version
    assert yaml.safe_load(render_policy(acme))["output"]["allowlist"][0]["expires"] == "2027-06-30"
