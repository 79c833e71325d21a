$lang = $_COOKIE['lang'] ?? 'en';
require_once "lang/" . $lang . ".php";
echo $messages['welcome'];
