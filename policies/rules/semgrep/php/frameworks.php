<?php

function laravel_listing($request) {
    $sort = $request->input('sort');
    // ruleid: php.laravel-sql-injection
    $rows = DB::table('users')->orderBy($sort)->get();
    // ruleid: php.laravel-sql-injection
    $rows = DB::table('users')->where($request->input('column'), 'John')->first();
    // ruleid: php.laravel-sql-injection
    $names = DB::table('users')->pluck($request->query('field'));
    // ruleid: php.laravel-sql-injection
    $rows = DB::table('orders')->selectRaw($_GET['expr'])->get();
    // ruleid: php.laravel-sql-injection
    $rows = Order::whereRaw($request->input('filter'))->get();
    // ruleid: php.laravel-sql-injection
    DB::unprepared($request->input('sql'));
    // ok: php.laravel-sql-injection
    $rows = DB::table('users')->where('name', $request->input('name'))->first();
    // ok: php.laravel-sql-injection
    $rows = DB::table('orders')->selectRaw('price * ? as total', [$request->input('tax')])->get();
    if (in_array($sort, ['name', 'created_at'], true)) {
        // ok: php.laravel-sql-injection
        $rows = DB::table('users')->orderBy($sort)->get();
    }
    // ok: php.laravel-sql-injection
    $rows = User::where('email', $request->input('email'))->first();
    return $rows;
}

function ldap_login($conn, $user, $password) {
    // ruleid: php.ldap-bind-without-password
    $bound = ldap_bind($conn);
    // ruleid: php.ldap-bind-without-password
    $bound = ldap_bind($conn, "cn=reader,dc=example,dc=org");
    // ruleid: php.ldap-bind-without-password
    $bound = ldap_bind($conn, $user, "");
    // ruleid: php.ldap-bind-without-password
    $bound = ldap_bind($conn, NULL, NULL);
    // ok: php.ldap-bind-without-password
    $bound = ldap_bind($conn, $user, $password);
    return $bound;
}

class CommentType {
    public function configureOptions($resolver) {
        // ruleid: php.csrf-protection-disabled
        $resolver->setDefaults(['data_class' => Comment::class, 'csrf_protection' => false]);
        // ok: php.csrf-protection-disabled
        $resolver->setDefaults(['data_class' => Comment::class, 'csrf_protection' => true]);
        // ok: php.csrf-protection-disabled
        $resolver->setDefaults(['data_class' => Comment::class]);
    }

    public function load($container) {
        // ruleid: php.csrf-protection-disabled
        $container->loadFromExtension('framework', ['csrf_protection' => false]);
        // ok: php.csrf-protection-disabled
        $container->loadFromExtension('twig', ['csrf_protection' => false]);
    }
}

function enable_debug() {
    // ruleid: php.framework-debug-enabled
    config(['app.debug' => true]);
    // ruleid: php.framework-debug-enabled
    putenv("APP_DEBUG=true");
    // ok: php.framework-debug-enabled
    config(['app.debug' => false]);
    // ok: php.framework-debug-enabled
    $debug = config('app.debug', false);
}

function resume_session() {
    // ruleid: php.session-fixation
    session_id($_GET['PHPSESSID']);
    $sid = $_COOKIE['sid'];
    // ruleid: php.session-fixation
    session_id($sid);
    session_start();
    // ok: php.session-fixation
    session_regenerate_id(true);
    // ok: php.session-fixation
    $current = session_id();
}

function contact_form() {
    $to = 'support@example.com';
    // ruleid: php.mail-header-injection
    mail($to, $_POST['subject'], $_POST['message'], 'From: ' . $_POST['email']);
    $from = filter_var($_POST['email'], FILTER_VALIDATE_EMAIL);
    $subject = str_replace(["\r", "\n"], '', $_POST['subject']);
    // ok: php.mail-header-injection
    mail($to, $subject, $_POST['message'], 'From: ' . $from);
}

function register_globals() {
    // ruleid: php.variable-variable-from-request
    $$_GET['name'] = $_GET['value'];
    foreach ($_POST as $key => $value) {
        // ruleid: php.variable-variable-from-request
        $$key = $value;
    }
    $fields = [];
    foreach ($_POST as $key => $value) {
        // ok: php.variable-variable-from-request
        $fields[$key] = $value;
    }
}

function make_tokens($row) {
    // ruleid: php.base-convert-token
    $token = base_convert(sha1(uniqid(mt_rand(), true)), 16, 36);
    // ruleid: php.base-convert-token
    $salt = base_convert(bin2hex(random_bytes(20)), 16, 36);
    $bytes = random_bytes(32);
    // ruleid: php.base-convert-token
    $key = base_convert(bin2hex($bytes), 16, 36);
    // ok: php.base-convert-token
    $short = base_convert(bin2hex(random_bytes(7)), 16, 36);
    // ok: php.base-convert-token
    $id = base_convert($row, 10, 36);
    // ok: php.base-convert-token
    $mode = base_convert("0775", 8, 10);
    // ok: php.base-convert-token
    $token = bin2hex(random_bytes(32));
}

class TagType {
    public function configureOptions($resolver) {
        $csrf = false;
        // ruleid: php.csrf-protection-disabled
        $resolver->setDefaults(['csrf_protection' => $csrf]);
    }
}

class SessionController
{
    public function logout(Request $request)
    {
        Auth::logout();
        // ruleid: php.laravel-open-redirect
        return redirect($request->input('next'));
    }

    public function back(Request $request)
    {
        // ruleid: php.laravel-open-redirect
        return redirect()->away($request->query('return_to'));
    }

    public function show(Request $request)
    {
        // ok: php.laravel-open-redirect
        return redirect('/orders/' . $request->input('id'));
    }

    public function home()
    {
        // ok: php.laravel-open-redirect
        return redirect()->route('home');
    }
}
