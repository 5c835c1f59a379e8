"""Look and feel: large, readable, touch-friendly."""

STYLE = """
* { font-size: 17px; }
QPushButton { min-height: 48px; min-width: 44px; padding: 4px 14px; border-radius: 6px; background: #eef1f5;
              border: 1px solid #b8c0cc; }
QPushButton:focus { border: 2px solid #2f6fde; }
QPushButton:disabled { color: #999; }
QPushButton:checked { background: #2f6fde; color: white; border: none; font-weight: bold; }
QPushButton#primary { background: #1f8a4c; color: white; font-weight: bold; border: none; }
QPushButton#danger { background: #c0392b; color: white; border: none; }
QLineEdit, QSpinBox, QComboBox { min-height: 44px; padding: 2px 8px; border: 1px solid #b8c0cc;
                                 border-radius: 4px; background: white; }
QSpinBox::up-button, QSpinBox::down-button { width: 34px; }
QLineEdit#lookup { font-size: 22px; min-height: 52px; }
QLabel#title { font-size: 22px; font-weight: bold; }
QLabel#due { font-size: 34px; font-weight: bold; color: #1f5f3a; }
QLabel#error { color: #b3261e; font-weight: bold; }
QLabel#message[kind="error"] { color: #b3261e; font-weight: bold; }
QLabel#message[kind="info"] { color: #1f6b3a; }
QLabel#warning { color: #8a5a00; background: #fff4d6; border: 1px solid #e0b84d; border-radius: 4px;
                 padding: 4px 8px; font-weight: bold; }
QLabel#change { font-size: 40px; font-weight: bold; color: #1f5f3a; }
QPushButton#key { font-size: 22px; min-width: 64px; min-height: 52px; }
QLabel#badge { color: white; padding: 4px 12px; border-radius: 12px; font-weight: bold; }
QLabel#hint { color: #555; font-size: 15px; }
QFrame#panel { background: #fafbfc; border: 1px solid #d7dce3; border-radius: 8px; }
QTableView { font-size: 17px; gridline-color: #e3e6ea; }
QHeaderView::section { padding: 6px; font-weight: bold; }
QProgressBar { min-height: 22px; border: 1px solid #b8c0cc; border-radius: 6px; text-align: center; }
QProgressBar::chunk { background: #d4a72c; border-radius: 6px; }
"""
