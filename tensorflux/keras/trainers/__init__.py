"""Training machinery mixed into ``keras.Model`` (compile, fit, evaluate, predict)."""
