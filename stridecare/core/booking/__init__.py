"""Pure booking rules: free slots from weekly hours (no Django)."""
