<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="robots" content="noindex, nofollow" />
<title>تسجيل الدخول &lsaquo; صدى الواحة &#8212; ووردبريس</title>
<link rel='stylesheet' id='login-css' href='{{BASE}}/wp-admin/css/login-rtl.min.css?ver=6.8.1' media='all' />
</head>
<body class="login no-js login-action-login wp-core-ui rtl">
<div id="login"><h1><a href="https://ar.wordpress.org/">مدعوم من ووردبريس</a></h1>
<form name="loginform" id="loginform" action="{{BASE}}/wp-login.php" method="post">
<p><label for="user_login">اسم المستخدم أو البريد الإلكتروني</label><input type="text" name="log" id="user_login" class="input" size="20" /></p>
<p><label for="user_pass">كلمة المرور</label><input type="password" name="pwd" id="user_pass" class="input" size="20" /></p>
<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary button-large" value="تسجيل الدخول" /></p>
</form>
<p id="nav"><a href="{{BASE}}/wp-login.php?action=lostpassword">نسيت كلمة المرور؟</a></p>
<p id="backtoblog"><a href="{{BASE}}/">&larr; الذهاب إلى صدى الواحة</a></p></div>
</body>
</html>
