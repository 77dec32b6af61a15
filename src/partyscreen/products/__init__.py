"""The product catalogue and rebrand matching: a product traced back to its maker, which is then screened."""
