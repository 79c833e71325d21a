import operator

OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


def run_user_rule(rule: dict, context: dict) -> dict:
    """Apply a customer-provided pricing rule from a fixed vocabulary."""
    op = OPS[rule["op"]]
    context["price"] = op(context["price"], float(rule["value"]))
    return context
