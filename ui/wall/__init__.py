"""The crisis room's big screen: a read-only wall of what the room needs to see."""
