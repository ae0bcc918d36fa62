"""Getting highlights out of the window: File → Export… (the dialog and its controller) and Copy as citation."""
