"""Exercise library, rehab protocols, progression rules and the return-to-running program (sections 0.5-0.6, 1, 3, 4.7, 7)."""
