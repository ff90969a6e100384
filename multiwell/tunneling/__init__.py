"""The tunnelling model of glasses: distributions, densities of states, heat capacity, dielectric response."""
