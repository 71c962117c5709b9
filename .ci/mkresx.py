# usage: python3 mkresx.py out_base.resx  (reads a python dict literal of key -> (pl, en) from stdin)
import sys, ast
from xml.sax.saxutils import escape
data = ast.literal_eval(sys.stdin.read())
head = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
'''
base = sys.argv[1]
for idx, suffix in ((0, ''), (1, '.en')):
    out = base.replace('.resx', suffix + '.resx')
    with open(out, 'w', encoding='utf-8') as f:
        f.write(head)
        for k, v in data.items():
            f.write(f'  <data name="{k}" xml:space="preserve"><value>{escape(v[idx])}</value></data>\n')
        f.write('</root>\n')
