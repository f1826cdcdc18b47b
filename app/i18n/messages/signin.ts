const ja = {
  title: "サインイン",
  subtitle: "二要素認証（パスワード＋確認コード）でサインインします",
  loginId: "ログインID",
  password: "パスワード",
  next: "次へ",
  totpTitle: "確認コード",
  totpHelp:
    "認証アプリに表示されている6桁のコードを入力してください。スマートフォンを紛失した場合はリカバリーコードを使えます。",
  code: "確認コード（6桁）またはリカバリーコード",
  verify: "確認してサインイン",
  enrolTitle: "認証アプリの登録",
  enrolHelp:
    "初回サインインです。Google Authenticator などの認証アプリで QR コードを読み取るか、下のキーを手入力し、表示された6桁のコードを入力してください。",
  secretLabel: "セットアップキー",
  recoveryTitle: "リカバリーコード",
  recoveryHelp:
    "認証アプリを使えないときのためのコードです。安全な場所に控えてください。各コードは1回だけ使えます。この画面を閉じると二度と表示されません。",
  recoveryDone: "控えました。続ける",
  startOver: "最初からやり直す",
  signingIn: "サインインしています…",
  demoTitle: "デモ環境",
  demoHelp:
    "デモ利用者のパスワードと、登録済みデモ利用者の認証アプリ用キーです（デモモードのときだけ表示）。",
  demoCurrentCode: "現在のデモ確認コード",
  expired: "セッションの有効期限が切れました。もう一度サインインしてください。",
};
export type SigninMessages = typeof ja;
const en: SigninMessages = {
  title: "Sign in",
  subtitle: "Two-factor sign-in: password, then a one-time code",
  loginId: "Login ID",
  password: "Password",
  next: "Next",
  totpTitle: "Verification code",
  totpHelp:
    "Enter the 6-digit code shown in your authenticator app. If you lost your phone, use a recovery code.",
  code: "6-digit code or recovery code",
  verify: "Verify and sign in",
  enrolTitle: "Set up your authenticator app",
  enrolHelp:
    "This is your first sign-in. Scan the QR code with an authenticator app (e.g. Google Authenticator) or type the key below, then enter the 6-digit code it shows.",
  secretLabel: "Setup key",
  recoveryTitle: "Recovery codes",
  recoveryHelp:
    "Use these when your authenticator app is not available. Keep them somewhere safe; each works once. They will not be shown again.",
  recoveryDone: "I have saved them. Continue",
  startOver: "Start over",
  signingIn: "Signing in…",
  demoTitle: "Demo environment",
  demoHelp:
    "Demo users' password and the authenticator key of the enrolled demo users (shown in demo mode only).",
  demoCurrentCode: "Current demo code",
  expired: "Your session has expired. Please sign in again.",
};
export const signin = { ja, en };
