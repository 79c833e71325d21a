"""Input and output guards: the policy's decisions applied to requests and answers."""
