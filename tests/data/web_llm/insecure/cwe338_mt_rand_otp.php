$otp = mt_rand(100000, 999999);
$_SESSION['otp'] = $otp;
mail($user['email'], 'Your login code', "Your code is $otp");
