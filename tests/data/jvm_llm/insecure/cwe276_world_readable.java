SharedPreferences prefs = getSharedPreferences("user_prefs", Context.MODE_WORLD_READABLE);
prefs.edit().putString("auth_token", token).apply();
