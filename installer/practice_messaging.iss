; Inno Setup script for Practice Messaging on a practice PC (Inno Setup 6).
; Built by installer\build.ps1, which passes /DAppVersion=<version>; by hand:
;     iscc /DAppVersion=0.1.0 installer\practice_messaging.iss
; Per user, without administrator rights: the program goes in the user's own Programs folder. The
; practice's data is not in the install folder but in %LOCALAPPDATA%\PracticeMessaging (the database,
; its backups and the log), so an upgrade never touches it and uninstalling keeps it unless asked.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Practice Messaging"
#define AppExe "PracticeMessaging.exe"
#define SendDueTask "Practice Messaging send-due"

[Setup]
AppId={{7C5E2B1A-4D8F-4B7E-9A61-3F0D2C8E5B94}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Practice Messaging
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=PracticeMessaging-Setup-{#AppVersion}
SetupIconFile=app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Languages\BritishEnglish.isl"

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut on the desktop"; Flags: unchecked
Name: "senddue"; Description: "Send due blocks by themselves: Windows Task Scheduler runs send-due every 15 minutes while you are logged in (it sends only in the sending hours, and only blocks of approved campaigns)"

[Files]
Source: "..\dist\PracticeMessaging\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Plan, cost and release the practice's text messages"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
; The scheduled task is the installing user's own (no /RU): it needs no password and no administrator.
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /SC MINUTE /MO 15 /TN ""{#SendDueTask}"" /TR ""\""{app}\{#AppExe}\"" send-due"""; Flags: runhidden; Tasks: senddue; StatusMsg: "Scheduling send-due..."
Filename: "{app}\{#AppExe}"; Description: "Open {#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""{#SendDueTask}"""; Flags: runhidden; RunOnceId: "DeleteSendDueTask"

[Code]
var
  DeleteDataBox: TNewCheckBox;
  DeleteData: Boolean;

{ The uninstaller asks, with a box to tick, whether the practice's data goes too: by default it stays. }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  OkButton, CancelButton: TNewButton;
begin
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(420);
    Form.ClientHeight := ScaleY(150);
    Form.Caption := 'Uninstall {#AppName}';
    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.Left := ScaleX(12);
    Note.Top := ScaleY(12);
    Note.Width := Form.ClientWidth - ScaleX(24);
    Note.WordWrap := True;
    Note.Caption := 'The program will be removed. The practice''s data (its campaigns, patient lists, settings, ' +
      'backups and log, in ' + ExpandConstant('{localappdata}\PracticeMessaging') + ') is kept unless you tick below.';
    DeleteDataBox := TNewCheckBox.Create(Form);
    DeleteDataBox.Parent := Form;
    DeleteDataBox.Left := ScaleX(12);
    DeleteDataBox.Top := ScaleY(72);
    DeleteDataBox.Width := Form.ClientWidth - ScaleX(24);
    DeleteDataBox.Caption := 'Also delete the practice''s data (this cannot be undone)';
    DeleteDataBox.Checked := False;
    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Uninstall';
    OkButton.Left := Form.ClientWidth - ScaleX(170);
    OkButton.Top := ScaleY(110);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;
    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Cancel';
    CancelButton.Left := Form.ClientWidth - ScaleX(85);
    CancelButton.Top := ScaleY(110);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;
    Result := Form.ShowModal() = mrOk;
    DeleteData := DeleteDataBox.Checked;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteData then
    DelTree(ExpandConstant('{localappdata}\PracticeMessaging'), True, True, True);
end;
