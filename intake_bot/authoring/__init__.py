"""What a flow's author uses (`intake-bot check`, `graph`): the static check of every
path (verify), the Mermaid graph, readability, and the rule-to-test trace."""
