# The NOKS portal's image: the web app (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig npm curl postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN python scripts/vendor_assets.py && DEBUG=1 python manage.py collectstatic --noinput -v 0
RUN useradd --system --home /app noks && mkdir -p /app/var && chown -R noks /app/var
USER noks
EXPOSE 8000
CMD ["gunicorn", "noks_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
