"""The relationship plan: partnership SWOT, objectives, target contact map, communication
norms, revisions, and recovery plans."""
