Log.d("LoginActivity", "User logged in with password: " + password);
