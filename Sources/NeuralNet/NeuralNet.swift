// NeuralNet: see shared/DESIGN.md. Contents arrive with their issues.
