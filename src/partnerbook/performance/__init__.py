"""Supplier performance: KPIs computed from raw deliveries, scorecards, standing."""
