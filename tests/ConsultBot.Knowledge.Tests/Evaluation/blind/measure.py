import json, sys, urllib.request, urllib.parse
base = sys.argv[1]
items = json.load(open('/work/eval-blind/blind-set.json'))
labels = json.load(open('/work/eval-blind/labels.json'))['blind']
stats = {}
def add(k, v): stats.setdefault(k, []).append(v)
for it in items:
    lab = labels[it['id']]
    exp = set(lab.get('expected', []))
    url = base + '/api/faq/search?' + urllib.parse.urlencode({'q': it['text'], 'top': 5, 'locale': it['lang']})
    r = json.load(urllib.request.urlopen(url))
    decision = r.get('decision') or r.get('outcome')
    ids = [h.get('id') for h in r.get('results', r.get('hits', []))]
    if it['kind'] == 'in-domain' and exp:
        top = ids[0] if ids else None
        right1 = decision == 'answer' and top in exp
        add('in:answered_right@1', right1)
        rr = 0
        for i, x in enumerate(ids[:5]):
            if x in exp: rr = 1/(i+1); break
        add('in:mrr5', rr)
        add('in:false_confident', decision == 'answer' and top not in exp)
        add('style:'+it['style'], right1)
    elif it['kind'] in ('near-domain', 'out-of-domain'):
        add(it['kind'] + ':rejected', decision != 'answer')
for k, v in sorted(stats.items()):
    print(f"{k:32s} {sum(v)/len(v):.3f}  (n={len(v)})")
