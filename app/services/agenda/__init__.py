"""What the curator must do: «Сегодня» and the month plan."""
